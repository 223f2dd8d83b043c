"""The learned judge: features of the engine's readings, weights fitted on labelled text.

Inference is plain Python over a dictionary of weights, so judging needs no numerical
library; fitting them lives in `stancecli.train`, a development extra.
"""
