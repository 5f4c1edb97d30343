// abi_layout.cpp - the same layout checks compiled as C++17 (see abi_layout.c).
#include "abi_layout.c"
