{#- The `indexes` config for a mart the app reads by the given columns (plus game_pk, the incremental key). -#}
{% macro lookup_indexes(columns) %}
    {{ return(adapter.dispatch('lookup_indexes')(columns)) }}
{% endmacro %}


{% macro default__lookup_indexes(columns) %}
    {#- duckdb and others: zonemaps serve these scans; an ART index lives in memory and slows every insert -#}
    {{ return([]) }}
{% endmacro %}


{% macro postgres__lookup_indexes(columns) %}
    {#- postgres: without a b-tree a player look-up or the incremental delete scans the whole table -#}
    {{ return([{'columns': columns}, {'columns': ['game_pk']}]) }}
{% endmacro %}
