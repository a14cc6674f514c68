"""The pure domain: poll state, ballots and their validation, tallies, decisions."""
