"""Developer tools at the edge of the project (data building, training, evaluation).
The runtime packages never import this package."""
