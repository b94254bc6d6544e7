{#- The values of `expression` joined by `separator`, in the order of `order_by`, as an aggregate. -#}
{% macro ordered_string_agg(expression, separator, order_by) %}
    {{ return(adapter.dispatch('ordered_string_agg')(expression, separator, order_by)) }}
{% endmacro %}


{# duckdb, postgres: string_agg takes its order inside the call. #}
{% macro default__ordered_string_agg(expression, separator, order_by) -%}
    string_agg({{ expression }}, '{{ separator }}' order by {{ order_by }})
{%- endmacro %}


{# spark: string_agg (listagg) takes its order as an ordered-set aggregate. #}
{% macro spark__ordered_string_agg(expression, separator, order_by) -%}
    string_agg({{ expression }}, '{{ separator }}') within group (order by {{ order_by }})
{%- endmacro %}
