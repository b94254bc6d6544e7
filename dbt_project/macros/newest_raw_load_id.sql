{#-
    The newest `raw_load_id` already in the model being built, as a string ('' when empty).
    Incremental models compare against it as a literal: unlike a scalar subquery, a constant is pushed
    through the intermediate views down to the raw table scan on both engines, so only new games are unnested.
-#}
{% macro newest_raw_load_id() %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set newest_query -%}
        select coalesce(max(raw_load_id), '') from {{ this }}
    {%- endset -%}
    {{ return(run_query(newest_query).columns[0].values()[0]) }}
{% endmacro %}
