{{ config(materialized=percentile_materialization(), indexes=level_season_index()) }}

-- The app's hitter percentile view: one row per level and season, each metric an array
-- [p10, p25, p50, p75, p90] of the cohort's values, each value computed as the app's services compute it
-- (macros/app_percentiles_by_level.sql).
{{ app_percentiles_by_level(ref('int_pitches'), ref('int_tracking_fidelity'), 'hitter') }}
