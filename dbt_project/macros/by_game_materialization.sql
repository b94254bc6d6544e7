{#-
    The config of the models keyed on game_pk (int_pitches, int_plate_appearances, milb_game_reconciliation),
    over what dbt_project.yml sets for them (incremental, delete+insert on game_pk): each build writes only
    the games (re)loaded since the last, and a re-fetched game's rows replace its old ones.
-#}
{% macro by_game_materialization() %}
    {{ return(adapter.dispatch('by_game_materialization')()) }}
{% endmacro %}


{# duckdb, postgres: delete+insert on game_pk, as dbt_project.yml sets it (config() takes no empty call). #}
{% macro default__by_game_materialization() %}
    {{ return({'incremental_strategy': 'delete+insert'}) }}
{% endmacro %}


{#
    spark: parquet tables have no delete (merge and delete+insert need Delta or Iceberg); partitioned by
    game_pk, insert_overwrite (dynamic partition overwrite) replaces exactly the partitions of the games a
    build writes, which is delete+insert on game_pk. docs/scale-out.md: merge on a cluster with Delta.
#}
{% macro spark__by_game_materialization() %}
    {{ return({
        'incremental_strategy': 'insert_overwrite',
        'partition_by': ['game_pk'],
        'file_format': 'parquet',
    }) }}
{% endmacro %}
