"""Build-time checks for the Kerja Aman site: sources before MkDocs, built HTML after it."""
