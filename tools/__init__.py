"""Developer tools at the edge of the project: not imported by the pipeline."""
