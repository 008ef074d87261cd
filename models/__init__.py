"""Data shared by every package: SQLModel tables, enums and the scraped-post contract."""
