"""The consolidation benchmark: synthetic inboxes, timed steps and the baselines they are compared with."""
