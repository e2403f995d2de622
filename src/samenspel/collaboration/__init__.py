"""The collaboration itself as an object (seeds 001, 002, 004): the phase of a network's
collaboration, instruments as versioned data, rounds of the barometer and the value questions,
their confidential aggregated results, and the twelve components rated with families."""
