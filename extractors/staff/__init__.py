"""Direct production staff (直接生产人员) for indicator 2: classify roster rows, count them over the
data period, and flag uncertain titles and mismatched figures."""
