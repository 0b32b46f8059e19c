"""Charts: one registry; every chart is made once and used by pages, permalinks and exports."""
