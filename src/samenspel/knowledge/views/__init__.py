"""The hub's pages: short functions; reads through the QuerySets' `visible_to`, writes through
`knowledge.actions`."""
