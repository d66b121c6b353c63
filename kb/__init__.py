"""The knowledge base: clause store, rendering, (later) search index, links and collation."""
