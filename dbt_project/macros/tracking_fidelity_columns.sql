{#-
    The counts and shares a tracking-fidelity model publishes, after its grain's columns: the share of
    pitches with a speed, a spin rate, a plate location, a zone and a pitch type, and of balls in play with
    a launch speed. int_venue_tracking_fidelity counts them per venue, int_tracking_fidelity sums those per
    level-season; both end in these columns, in this order.
-#}
{% macro tracking_fidelity_columns() -%}
pitches,
        pitches_with_speed,
        pitches_with_spin,
        pitches_with_location,
        pitches_with_zone,
        pitches_with_pitch_type,
        pitches_with_speed_and_pitch_type,
        balls_in_play,
        balls_in_play_with_launch_speed,
        {{ ratio('pitches_with_speed', 'pitches') }} as share_with_speed,
        {{ ratio('pitches_with_spin', 'pitches') }} as share_with_spin,
        {{ ratio('pitches_with_location', 'pitches') }} as share_with_location,
        {{ ratio('pitches_with_zone', 'pitches') }} as share_with_zone,
        {{ ratio('pitches_with_pitch_type', 'pitches') }} as share_with_pitch_type,
        {{ ratio('pitches_with_speed_and_pitch_type', 'pitches') }} as share_with_speed_and_pitch_type,
        {{ ratio('balls_in_play_with_launch_speed', 'balls_in_play') }}
            as share_of_balls_in_play_with_launch_speed
{%- endmacro %}
