"""The incremental layer of `xinan serve`: the Builder that remembers a build (builder.py) and what a rebuild
compares (fingerprints.py). The clean build (generator/pipeline.py) never imports this package."""
