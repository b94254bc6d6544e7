"""Tools for the people who run the backfill: validate a player, a coverage report, the post-build cache hook.

They read the warehouse dbt built (the marts in ``analytics``, the ledger and game logs in ``milb_raw``) on
either target; none of them writes to it.
"""
