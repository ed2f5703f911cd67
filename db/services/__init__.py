"""Write use cases: one function each, keyword-only input, one transaction, an audit entry, a clear error."""
