// the playground
