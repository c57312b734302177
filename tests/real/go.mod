module gmpscope/real

go 1.19
