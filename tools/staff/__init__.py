"""Staff classifier tooling: build the labelled data set, train the artifact, evaluate by source.

    python -m tools.staff.build_dataset
    python -m tools.staff.train
    python -m tools.staff.evaluate
"""
