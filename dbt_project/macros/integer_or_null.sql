{#- A text value as an integer, or null when it is not a whole number (e.g. a hit location "78" -> 78). -#}
{% macro integer_or_null(expression) %}
    {{ return(adapter.dispatch('integer_or_null')(expression)) }}
{% endmacro %}


{# postgres: a cast of a non-number raises, so only digits are cast. #}
{% macro default__integer_or_null(expression) -%}
    case when {{ expression }} ~ '^[0-9]+$' then cast({{ expression }} as integer) end
{%- endmacro %}


{# duckdb: try_cast gives null instead of raising. #}
{% macro duckdb__integer_or_null(expression) -%}
    try_cast({{ expression }} as integer)
{%- endmacro %}


{# spark: try_cast gives null instead of raising (dbt-spark turns ANSI mode off, where a cast would too). #}
{% macro spark__integer_or_null(expression) -%}
    try_cast({{ expression }} as int)
{%- endmacro %}
