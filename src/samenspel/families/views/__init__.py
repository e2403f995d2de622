"""The family file's pages: short function views, protected objects only through
`samenspel.access.policy`, writes only through `families.actions`."""
