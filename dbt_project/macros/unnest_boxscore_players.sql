{#-
    One row per box-score player of every game in `games`, a relation with `game_pk`, `raw_load_id`
    and the `boxscore_players` JSON list. Every variant returns the same columns with the same types.
-#}
{% macro unnest_boxscore_players(games) %}
    {{ return(adapter.dispatch('unnest_boxscore_players')(games)) }}
{% endmacro %}


{% macro default__unnest_boxscore_players(games) %}
    {{ exceptions.raise_compiler_error(
        "unnest_boxscore_players has no variant for adapter '" ~ adapter.type() ~ "': add one in macros/"
    ) }}
{% endmacro %}


{# duckdb: a typed from_json parses each document once instead of once per extracted field. #}
{% macro duckdb__unnest_boxscore_players(games) %}
    {%- set player_schema = [{
        "side": "VARCHAR",
        "team_id": "BIGINT",
        "person_id": "BIGINT",
        "batting": {"plateAppearances": "BIGINT"},
        "pitching": {"numberOfPitches": "BIGINT", "battersFaced": "BIGINT"}
    }] -%}
    select
        game_pk,
        raw_load_id,
        player['person_id'] as player_id,
        player['team_id'] as team_id,
        player['side'] as team_side,
        player['batting']['plateAppearances'] as plate_appearances,
        player['pitching']['battersFaced'] as batters_faced,
        player['pitching']['numberOfPitches'] as pitches_thrown
    from (
        select
            game_pk,
            raw_load_id,
            {{ unnest_json_array('boxscore_players', player_schema) }} as player
        from {{ games }}
    ) as players
{% endmacro %}


{# spark: the same typed parse as DuckDB's, exploded (macros/json_arrays.sql). #}
{% macro spark__unnest_boxscore_players(games) %}
    {{ return(duckdb__unnest_boxscore_players(games)) }}
{% endmacro %}


{# postgres: no typed json parse; a jsonb_array_elements lateral walks the stored (parsed) jsonb once. #}
{% macro postgres__unnest_boxscore_players(games) %}
    select
        games.game_pk,
        games.raw_load_id,
        (players.player ->> 'person_id')::bigint as player_id,
        (players.player ->> 'team_id')::bigint as team_id,
        players.player ->> 'side' as team_side,
        (players.player #>> '{batting,plateAppearances}')::bigint as plate_appearances,
        (players.player #>> '{pitching,battersFaced}')::bigint as batters_faced,
        (players.player #>> '{pitching,numberOfPitches}')::bigint as pitches_thrown
    from {{ games }} as games
    cross join lateral jsonb_array_elements(games.boxscore_players) as players (player)
{% endmacro %}
