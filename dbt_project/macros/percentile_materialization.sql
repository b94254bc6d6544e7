{#- How the app's percentile models (mv_*) materialize: a materialized view where the engine has one. -#}
{% macro percentile_materialization() %}
    {{ return(adapter.dispatch('percentile_materialization')()) }}
{% endmacro %}


{# duckdb and others: dbt-duckdb has no materialized_view (compilation error); a table is rebuilt each run. #}
{% macro default__percentile_materialization() %}
    {{ return('table') }}
{% endmacro %}


{# postgres: a real materialized view, which dbt build recreates or refreshes; the app reads it meanwhile. #}
{% macro postgres__percentile_materialization() %}
    {{ return('materialized_view') }}
{% endmacro %}
