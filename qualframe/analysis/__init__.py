"""Analysis of coded data.

Inter-coder agreement: `comparison` gathers what several coders coded in the same documents,
`agreement` turns it into percent agreement, Cohen's kappa and Krippendorff's alpha (`alpha`)
at character and sentence level, and `disagreements` lists the passages where coders differ.
"""
