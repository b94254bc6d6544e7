{#-
    The `indexes` config of a model the app reads by `columns` (and by `more_columns`, another index),
    plus game_pk, the incremental key.
-#}
{% macro lookup_indexes(columns, more_columns=none) %}
    {{ return(adapter.dispatch('lookup_indexes')(columns, more_columns)) }}
{% endmacro %}


{# duckdb and others: zonemaps serve these scans; an ART index lives in memory and slows every insert. #}
{% macro default__lookup_indexes(columns, more_columns=none) %}
    {{ return([]) }}
{% endmacro %}


{# postgres: without a b-tree, a player look-up or the incremental delete scans the whole table. #}
{% macro postgres__lookup_indexes(columns, more_columns=none) %}
    {%- set indexes = [{'columns': columns}, {'columns': ['game_pk']}] -%}
    {%- if more_columns -%}
        {%- do indexes.append({'columns': more_columns}) -%}
    {%- endif -%}
    {{ return(indexes) }}
{% endmacro %}


{#- The `indexes` config of a percentile model the app reads by (level, season), one row each. -#}
{% macro level_season_index() %}
    {{ return(adapter.dispatch('level_season_index')()) }}
{% endmacro %}


{# duckdb and others: tables of a few rows; nothing to index. #}
{% macro default__level_season_index() %}
    {{ return([]) }}
{% endmacro %}


{# postgres: unique, so `refresh materialized view concurrently` works and a doubled level-season cannot. #}
{% macro postgres__level_season_index() %}
    {{ return([{'columns': ['level', 'season'], 'unique': true}]) }}
{% endmacro %}
