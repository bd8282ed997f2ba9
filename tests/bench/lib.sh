# Shared by the benchmark scripts (sourced, not run).

# bench_reply_words N: N ASCII words on one line, separated by single spaces,
# so the test server sends exactly one word per delta (" bamboo", like a real
# token) and bytes equal characters on both sides.
bench_reply_words() {
    perl -e '
        my @w = qw(Red pandas spend most of the day resting in tall trees, curled up with their
                   bushy striped tails wrapped around them. They eat fresh bamboo leaves, berries,
                   blossoms and sometimes eggs!);
        for my $i (0 .. $ARGV[0] - 1) { print(($i ? " " : "") . $w[$i % @w]); }' "$1"
}
