{#-
    on-run-start: declare the raw tables over the lake the loader writes (target spark). dlt's filesystem
    destination writes `<lake>/<raw_schema>/<table>/<load_id>.*.parquet`; each table here is an external
    parquet table over its folder, with the loader's columns (loader/source.py; tests/test_spark.py checks that
    the two lists agree), so a table no load has written yet is an empty table, not a missing source.
    Elsewhere the loader writes the tables themselves: nothing to run.
-#}
{% macro lake_sources() %}
    {{ return(adapter.dispatch('lake_sources')()) }}
{% endmacro %}


{# duckdb, postgres: the raw tables are the database's own. #}
{% macro default__lake_sources() %}
    {{ return('') }}
{% endmacro %}


{# The raw tables' columns as Spark types (json documents are text in the lake, parsed by from_json). #}
{% macro lake_tables() %}
    {{ return({
        'games': 'game_pk bigint, season bigint, game_type string, game_date date, abstract_game_state string, '
            ~ 'detailed_state string, double_header string, game_number bigint, home_team_id bigint, '
            ~ 'away_team_id bigint, home_sport_id bigint, away_sport_id bigint, home_league_id bigint, '
            ~ 'away_league_id bigint, venue_id bigint, play_count bigint, pitch_count bigint, '
            ~ 'fetched_at timestamp, feed_timestamp timestamp, fetched_from string, all_plays string, '
            ~ 'boxscore_players string',
        'game_logs': 'player_id bigint, stat_group string, season bigint, sport_id bigint, league_id bigint, '
            ~ 'team_id bigint, game_pk bigint, game_date date, game_type string, is_home boolean, '
            ~ 'plate_appearances bigint, batters_faced bigint, number_of_pitches bigint, fetched_at timestamp, '
            ~ 'stat string',
        'schedule_games': 'game_pk bigint, season bigint, sport_id bigint, game_date date, game_type string, '
            ~ 'abstract_game_state string, detailed_state string, double_header string, game_number bigint, '
            ~ 'home_team_id bigint, away_team_id bigint, home_league_id bigint, away_league_id bigint, '
            ~ 'home_sport_id bigint, away_sport_id bigint, venue_id bigint, fetched_at timestamp',
        'tracked_players': 'player_id bigint, full_name string, position string, organization string',
        'game_fetch_ledger': 'game_pk bigint, reason string, detail string, last_status bigint, attempts bigint, '
            ~ 'first_seen_at timestamp, last_seen_at timestamp, is_resolved boolean',
    }) }}
{% endmacro %}


{#
    spark: dropped and declared again on every run, so a moved lake (MILB_LAKE_PATH) or a new column is
    picked up; dropping an external table leaves its files alone.
#}
{% macro spark__lake_sources() %}
    {%- if execute -%}
        {%- set schema = var('raw_schema') -%}
        {%- set lake = env_var('MILB_LAKE_PATH', '../var/lake').rstrip('/') -%}
        {%- do run_query('create schema if not exists ' ~ schema) -%}
        {%- for table, columns in lake_tables().items() -%}
            {%- do run_query('drop table if exists ' ~ schema ~ '.' ~ table) -%}
            {%- do run_query(
                'create table ' ~ schema ~ '.' ~ table ~ ' (' ~ columns ~ ', _dlt_load_id string, _dlt_id string)'
                ~ " using parquet location '" ~ lake ~ '/' ~ schema ~ '/' ~ table ~ "'"
            ) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
