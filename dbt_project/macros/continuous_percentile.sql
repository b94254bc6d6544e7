{#-
    The continuous (interpolated) percentile of `expression` over the group, `fraction` between 0 and 1,
    as an aggregate. Nulls are ignored; an empty group gives null. Same result on every engine.
-#}
{% macro continuous_percentile(expression, fraction) %}
    {{ return(adapter.dispatch('continuous_percentile')(expression, fraction)) }}
{% endmacro %}


{# SQL standard: an ordered-set aggregate (PostgreSQL, Spark, most warehouses; exact on each). #}
{% macro default__continuous_percentile(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}


{# duckdb: its native form is quantile_cont, a plain aggregate taking the fraction as an argument. #}
{% macro duckdb__continuous_percentile(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}


{#-
    The continuous percentiles of `expression` at each of `fractions`, as one array (double precision[] on
    PostgreSQL, DOUBLE[] on DuckDB), in the order given; null for a group without a value.
-#}
{% macro continuous_percentiles(expression, fractions) %}
    {{ return(adapter.dispatch('continuous_percentiles')(expression, fractions)) }}
{% endmacro %}


{# SQL standard (PostgreSQL): percentile_cont over an array of fractions returns an array. #}
{% macro default__continuous_percentiles(expression, fractions) -%}
    percentile_cont(array[{{ fractions | join(', ') }}]) within group (order by {{ expression }})
{%- endmacro %}


{# duckdb: quantile_cont takes a list of fractions and returns a list. #}
{% macro duckdb__continuous_percentiles(expression, fractions) -%}
    quantile_cont({{ expression }}, [{{ fractions | join(', ') }}])
{%- endmacro %}


{# spark: percentile (exact, unlike percentile_approx) takes an array of fractions and returns an array. #}
{% macro spark__continuous_percentiles(expression, fractions) -%}
    percentile({{ expression }}, array({{ fractions | join(', ') }}))
{%- endmacro %}
