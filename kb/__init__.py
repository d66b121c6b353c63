"""The knowledge base: clause store, rendering, search (index building | engine seam | query answering), links and collation."""
