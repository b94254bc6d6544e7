{#-
    The two expressions that differ where DuckDB and Spark unnest a typed JSON document: one row per element
    of an array. unnest_json_array parses the text `column` with `schema` (objects of field: type, one-element
    lists for arrays, or that as JSON text, DuckDB type names; spark_json_schema writes it as Spark's DDL type) and unnests its
    top-level array; unnest_array unnests an array that is already typed. The unnest_* macros share every
    other line between the two engines.
-#}
{% macro unnest_json_array(column, schema) %}
    {{- return(adapter.dispatch('unnest_json_array')(column, schema)) -}}
{% endmacro %}


{% macro duckdb__unnest_json_array(column, schema) %}
    {%- set text = schema if schema is string else schema | tojson -%}
    {{- return("unnest(from_json(" ~ column ~ ", '" ~ text ~ "'))") -}}
{% endmacro %}


{% macro spark__unnest_json_array(column, schema) %}
    {%- set parsed = fromjson(schema) if schema is string else schema -%}
    {{- return("explode(from_json(" ~ column ~ ", '" ~ spark_json_schema(parsed) ~ "'))") -}}
{% endmacro %}


{% macro unnest_array(expression) %}
    {{- return(adapter.dispatch('unnest_array')(expression)) -}}
{% endmacro %}


{% macro duckdb__unnest_array(expression) %}
    {{- return("unnest(" ~ expression ~ ")") -}}
{% endmacro %}


{% macro spark__unnest_array(expression) %}
    {{- return("explode(" ~ expression ~ ")") -}}
{% endmacro %}
