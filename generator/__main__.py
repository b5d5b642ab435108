"""`python -m generator` runs the xinan command line."""
from generator.cli import main

raise SystemExit(main())
