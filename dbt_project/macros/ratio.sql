{#- numerator / denominator as a double; null for a 0 or null denominator (never an integer division). -#}
{% macro ratio(numerator, denominator) -%}
    cast({{ numerator }} as {{ type_double() }}) / nullif({{ denominator }}, 0)
{%- endmacro %}
