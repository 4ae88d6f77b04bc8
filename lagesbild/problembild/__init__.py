"""The yearly problembild: report, files and the public variant."""
