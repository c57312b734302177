module gmpscope/scenarios

go 1.19
