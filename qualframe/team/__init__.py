"""Team projects: several coders on one database.

`blind` keeps coders from seeing each other's codings until the team compares them; `audit`
reads the one event log as the audit trail; `versions` refuses stale edits of codes made by two
people at once; `backup` copies the whole project database (SQLite's online backup API,
`pg_dump` for PostgreSQL) and restores it.
"""
