# w9.gp - the W9 plot: per-completion cost and idle tick cost against jobs
# per manager, both axes logarithmic. Called by run.sh with datafile and
# outfile set (columns: jobs, ns per completion, ns per idle tick).
set terminal svg size 720,440 dynamic font "sans,12" background rgb "white"
set output outfile
set title "W9: cost against manager size (libproduction.so via dlopen)"
set logscale xy 10
set xlabel "jobs per manager"
set ylabel "ns"
set key top left
set grid
set format x "10^{%L}"
plot datafile using 1:2 with linespoints lw 2 pt 7 title "per completion (W2 workload)", \
     datafile using 1:3 with linespoints lw 2 pt 5 title "per idle tick (W1 workload)"
