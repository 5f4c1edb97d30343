# fleet.gp - the fleet plot: runs per game hour and utilisation against the
# number of ships, beside the serial baseline. Called by
# scripts/fleet_bench.sh with datafile, outfile and serial set (columns:
# ships, utilisation %, runs per game hour).
set terminal svg size 720,440 dynamic font "sans,12" background rgb "white"
set output outfile
set title "prodhost fleet run: 8 game hours, seed 1"
set xlabel "ships"
set ylabel "pipelines completed per game hour"
set y2label "utilisation %"
set y2range [0:105]
set ytics nomirror
set y2tics
set key top left
set grid
plot datafile using 1:3 with linespoints lw 2 pt 7 title "runs per game hour", \
     serial with lines dt 2 lw 2 title "serial baseline", \
     datafile using 1:2 axes x1y2 with linespoints lw 2 pt 5 title "utilisation"
