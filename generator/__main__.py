from generator.cli import main

# Guarded: chart export starts worker processes with "spawn", which re-imports the main module.
if __name__ == "__main__":
    main()
