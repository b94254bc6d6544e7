{#-
    The continuous (interpolated) percentile of `expression` over the group, `fraction` between 0 and 1,
    as an aggregate. Nulls are ignored; an empty group gives null. Same result on every engine.
-#}
{% macro continuous_percentile(expression, fraction) %}
    {{ return(adapter.dispatch('continuous_percentile')(expression, fraction)) }}
{% endmacro %}


{# SQL standard: an ordered-set aggregate (PostgreSQL and most warehouses). #}
{% macro default__continuous_percentile(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}


{# duckdb: its native form is quantile_cont, a plain aggregate taking the fraction as an argument. #}
{% macro duckdb__continuous_percentile(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}
