{#- A parenthesised list of SQL string literals for `in`, e.g. ('FF', 'SI'), from a list of strings. -#}
{% macro string_list(values) -%}
    ({% for value in values %}'{{ value }}'{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}
