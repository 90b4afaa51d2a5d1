# repo2docker --appendix for the class image (README, "Running it for a class"): the hub pulls
# the course with nbgitpuller at every server start, so the image needs it beside the course.
RUN ${NB_PYTHON_PREFIX}/bin/python -m pip install --no-cache-dir nbgitpuller==1.3.0
