{#- The `indexes` config of a mart the app reads by `columns` (plus game_pk, the incremental key). -#}
{% macro lookup_indexes(columns) %}
    {{ return(adapter.dispatch('lookup_indexes')(columns)) }}
{% endmacro %}


{# duckdb and others: zonemaps serve these scans; an ART index lives in memory and slows every insert. #}
{% macro default__lookup_indexes(columns) %}
    {{ return([]) }}
{% endmacro %}


{# postgres: without a b-tree, a player look-up or the incremental delete scans the whole table. #}
{% macro postgres__lookup_indexes(columns) %}
    {{ return([{'columns': columns}, {'columns': ['game_pk']}]) }}
{% endmacro %}
