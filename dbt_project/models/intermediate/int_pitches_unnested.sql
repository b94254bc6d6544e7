-- sqlfluff:exclude_rules:LT02,ST06
-- Every pitch of every game with its count, outs and pitcher: macros/pitches_unnested.sql.
{{ pitches_unnested() }}
