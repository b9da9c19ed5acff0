#!/usr/bin/env python3
"""Prints a 50-step formula for the molecule benchmarks: a chain of steps in
which every fifth step also needs the step five back, and a check on each."""
print('formula = "bench50"\nversion = 1\ndescription = "Fifty steps about {{topic}}"\n')
print('[vars.topic]\nrequired = true\n')
for i in range(1, 51):
    needs = [f"s{i - 1}"] if i > 1 else []
    if i > 5 and i % 5 == 0:
        needs.append(f"s{i - 5}")
    print("[[steps]]")
    print(f'id = "s{i}"')
    print(f'title = "Step {i} of {{{{topic}}}}"')
    print(f'acceptance = "Step {i} is done when its check passes."')
    if needs:
        print("needs = [" + ", ".join(f'"{n}"' for n in needs) + "]")
    print('check = ["true"]\n')
