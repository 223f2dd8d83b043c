"""The rule reading: frames, negation, conditions, concessions, and who holds a view.

Its verdicts are features of the learned judge (`stancecli.learned`) and the actor view's
reading of reported holders.
"""
