// Demo jobs are added with the jobs module.
export const jobSeedStatements = () => [];
