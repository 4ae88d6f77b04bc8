"""The yearly follow-up (Brå step 5): how the year's promises and measures went, and the evaluations."""
