"""Trajectory pages: short function views; protected objects through `trajectories.access`,
writes through `trajectories.actions`."""
