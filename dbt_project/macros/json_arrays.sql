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


{#- dbt resolves every dispatch when it parses, on any adapter: PostgreSQL (which walks jsonb instead) needs a
    variant to find, and one that is called says so. -#}
{% macro default__unnest_json_array(column, schema) %}
    {{ exceptions.raise_compiler_error(
        "unnest_json_array has no variant for adapter '" ~ adapter.type() ~ "': add one in macros/"
    ) }}
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


{% macro default__unnest_array(expression) %}
    {{ exceptions.raise_compiler_error(
        "unnest_array has no variant for adapter '" ~ adapter.type() ~ "': add one in macros/"
    ) }}
{% endmacro %}


{% macro duckdb__unnest_array(expression) %}
    {{- return("unnest(" ~ expression ~ ")") -}}
{% endmacro %}


{% macro spark__unnest_array(expression) %}
    {{- return("explode(" ~ expression ~ ")") -}}
{% endmacro %}
